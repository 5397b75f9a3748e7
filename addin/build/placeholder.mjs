/** The origin the build writes into the manifest templates; the app replaces it (and its host) with its own URL. */
export const placeholderBaseUrl = "https://inkoop-base-url.invalid";
