// Both manifests from one configuration (addin.config.json) and the URL of the app that serves the add-in.

const xml = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The add-in's files under the app: https://host/api/web/addin/… */
export function urls(config, baseUrl) {
  const root = `${baseUrl.replace(/\/+$/, "")}${config.path}`;
  return {
    root,
    page: `${root}/taskpane.html`,
    script: `${root}/addin.js`,
    metadata: `${root}/functions.json`,
    about: `${root}/over.html`,
    icon: (size) => `${root}/icon-${size}.png`,
  };
}

/** The XML manifest (add-in only, for Office 2019/2021/2024 and older Microsoft 365 builds). */
export function xmlManifest(config, baseUrl) {
  const u = urls(config, baseUrl);
  const version = `${config.version}.0`.split(".").slice(0, 4).join(".");
  const icons = `
                  <bt:Image size="16" resid="Icon.16"/>
                  <bt:Image size="32" resid="Icon.32"/>
                  <bt:Image size="80" resid="Icon.80"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>${xml(config.id)}</Id>
  <Version>${xml(version)}</Version>
  <ProviderName>${xml(config.providerName)}</ProviderName>
  <DefaultLocale>nl-NL</DefaultLocale>
  <DisplayName DefaultValue="${xml(config.name.short)}"/>
  <Description DefaultValue="${xml(config.description.short)}"/>
  <IconUrl DefaultValue="${xml(u.icon(32))}"/>
  <HighResolutionIconUrl DefaultValue="${xml(u.icon(64))}"/>
  <SupportUrl DefaultValue="${xml(u.about)}"/>
  <AppDomains>
    <AppDomain>${xml(new URL(u.root).origin)}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="SharedRuntime" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${xml(u.page)}"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <Runtimes>
          <Runtime resid="Shared.Url" lifetime="long"/>
        </Runtimes>
        <AllFormFactors>
          <ExtensionPoint xsi:type="CustomFunctions">
            <Script>
              <SourceLocation resid="Functions.Script.Url"/>
            </Script>
            <Page>
              <SourceLocation resid="Shared.Url"/>
            </Page>
            <Metadata>
              <SourceLocation resid="Functions.Metadata.Url"/>
            </Metadata>
            <Namespace resid="Functions.Namespace"/>
          </ExtensionPoint>
        </AllFormFactors>
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="About.Url"/>
          </GetStarted>
          <FunctionFile resid="Shared.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="Inkoop.Group">
                <Label resid="Group.Label"/>
                <Icon>${icons}
                </Icon>
                <Control xsi:type="Button" id="Inkoop.TaskpaneButton">
                  <Label resid="Button.Label"/>
                  <Supertip>
                    <Title resid="Button.Label"/>
                    <Description resid="Button.Tooltip"/>
                  </Supertip>
                  <Icon>${icons}
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>Inkoop.Taskpane</TaskpaneId>
                    <SourceLocation resid="Shared.Url"/>
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Icon.16" DefaultValue="${xml(u.icon(16))}"/>
        <bt:Image id="Icon.32" DefaultValue="${xml(u.icon(32))}"/>
        <bt:Image id="Icon.80" DefaultValue="${xml(u.icon(80))}"/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Shared.Url" DefaultValue="${xml(u.page)}"/>
        <bt:Url id="Functions.Script.Url" DefaultValue="${xml(u.script)}"/>
        <bt:Url id="Functions.Metadata.Url" DefaultValue="${xml(u.metadata)}"/>
        <bt:Url id="About.Url" DefaultValue="${xml(u.about)}"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="Functions.Namespace" DefaultValue="${xml(config.namespace)}"/>
        <bt:String id="Group.Label" DefaultValue="${xml(config.ribbon.group)}"/>
        <bt:String id="Button.Label" DefaultValue="${xml(config.ribbon.button)}"/>
        <bt:String id="GetStarted.Title" DefaultValue="${xml(config.ribbon.getStartedTitle)}"/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="Button.Tooltip" DefaultValue="${xml(config.ribbon.tooltip)}"/>
        <bt:String id="GetStarted.Description" DefaultValue="${xml(config.ribbon.getStartedDescription)}"/>
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
`;
}

/** The unified JSON manifest (Microsoft 365: Excel on the web, Windows 2501+, Mac 16.103+). */
export function jsonManifest(config, baseUrl) {
  const u = urls(config, baseUrl);
  const icons = [16, 32, 80].map((size) => ({ size, url: u.icon(size) }));
  return {
    $schema: "https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json",
    manifestVersion: "1.25",
    version: config.version,
    id: config.id,
    developer: {
      name: config.providerName,
      websiteUrl: u.about,
      privacyUrl: `${u.about}#privacy`,
      termsOfUseUrl: `${u.about}#voorwaarden`,
    },
    name: config.name,
    description: config.description,
    icons: { outline: "outline.png", color: "color.png" },
    accentColor: config.accentColor,
    localizationInfo: { defaultLanguageTag: "nl-nl" },
    validDomains: [new URL(u.root).host],
    authorization: { permissions: { resourceSpecific: [{ name: "Document.ReadWrite.User", type: "Delegated" }] } },
    extensions: [
      {
        requirements: { scopes: ["workbook"] },
        runtimes: [
          {
            id: "SharedRuntime",
            type: "general",
            requirements: { capabilities: [{ name: "SharedRuntime", minVersion: "1.1" }] },
            code: { page: u.page, script: u.script },
            lifetime: "long",
            actions: [{ id: "ShowTaskpane", type: "openPage", pinnable: false }],
            customFunctions: {
              namespace: { id: config.namespace, name: config.namespace },
              allowCustomDataForDataTypeAny: true,
              metadataUrl: u.metadata,
            },
          },
        ],
        ribbons: [
          {
            requirements: { formFactors: ["desktop"] },
            contexts: ["default"],
            tabs: [
              {
                builtInTabId: "TabHome",
                groups: [
                  {
                    id: "InkoopGroup",
                    label: config.ribbon.group,
                    icons,
                    controls: [
                      {
                        id: "InkoopTaskpaneButton",
                        type: "button",
                        label: config.ribbon.button,
                        icons,
                        supertip: { title: config.ribbon.button, description: config.ribbon.tooltip },
                        actionId: "ShowTaskpane",
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
        getStartedMessages: [
          {
            title: config.ribbon.getStartedTitle,
            description: config.ribbon.getStartedDescription,
            learnMoreUrl: u.about,
          },
        ],
      },
    ],
  };
}
