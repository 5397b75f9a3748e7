/** Whether the Excel host supports an API set (false outside Office or where Office.js cannot tell). */
export function isSetSupported(name: string, version: string): boolean {
  try {
    return Boolean(Office.context.requirements.isSetSupported(name, version));
  } catch {
    return false;
  }
}
