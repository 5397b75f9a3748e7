// The Function App on the Flex Consumption plan (FC1, Linux), running our self-contained
// ASP.NET Core executable as an Azure Functions custom handler. On Flex the worker runtime is
// not an app setting: FUNCTIONS_WORKER_RUNTIME=custom is expressed as
// functionAppConfig.runtime { name: 'custom', version: '1.0' }, and the platform rejects the
// legacy FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION app settings.

@description('Azure region.')
param location string

@description('Base name, e.g. achterhoek-inkoop.')
param baseName string

@description('Globally unique function app name (becomes <name>.azurewebsites.net).')
param appName string

@description('Tags applied to every resource.')
param tags object

@description('Name of the storage account (host storage, originals, tables).')
param storageAccountName string

@description('Blob container the Flex platform deploys the app package to.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Send telemetry with the app\'s managed identity (needed when the component disables local auth).')
param appInsightsEntraAuth bool = true

@description('OpenTelemetry collector the app exports to besides Application Insights (OTEL_EXPORTER_OTLP_ENDPOINT); empty: none.')
param otlpEndpoint string = ''

@description('Protocol of otlpEndpoint: grpc or http/protobuf.')
param otlpProtocol string = 'grpc'

@description('Instance memory in MB. 2048 is the default size; the app is a self-contained .NET executable that opens Excel workbooks in memory.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on scale-out. A cap is a cost guard (denial of wallet), not a performance limit, at this size.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Allowed CORS origins: the add-in\'s origin (where its task pane is served).')
param corsAllowedOrigins string[]

@description('Entra ID tenant that signs the tokens the API accepts.')
param entraTenantId string

@description('Client (application) id of the API\'s Entra app registration.')
param entraClientId string

@description('Extra accepted token audiences, e.g. the Office SSO application ID URI api://<addin-host>/<client-id>.')
param extraAllowedAudiences string[] = []

@description('The app\'s public base URL (Addin__BaseUrl): the add-in manifests point here, never at a Host header a client sent.')
param publicBaseUrl string = 'https://${appName}.azurewebsites.net'

@description('How people call the region (Region__Name), shown on the start page and the provider page.')
param regionName string

@description('E-mail address of the region\'s purchasing team (Region__Contact); empty: none shown.')
param regionContact string = ''

@description('Bootstrap admin key for the app (Auth__AdminKey); empty: none, only issued keys and mapped principals work.')
@secure()
param bootstrapAdminKey string = ''

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${baseName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

var baseAppSettings = [
  // Host storage with the system-assigned identity: no connection string, no key.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  // The Functions host and the app both send telemetry here: the app's own traces (requests, storage calls, timer runs),
  // metrics and logs with their correlation id, through OpenTelemetry's Azure Monitor exporter (docs/observability.md).
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  // Read by the app (Storage options): with no Storage__ConnectionString set it uses
  // DefaultAzureCredential, which resolves to the managed identity on Azure.
  {
    name: 'Storage__BlobServiceUri'
    value: storage.properties.primaryEndpoints.blob
  }
  {
    name: 'Storage__TableServiceUri'
    value: storage.properties.primaryEndpoints.table
  }
  // App Service Authentication runs in front and sets X-MS-CLIENT-PRINCIPAL (stripping any a client sends):
  // only then may the app map that principal to a role.
  {
    name: 'Auth__TrustAppServiceAuthentication'
    value: 'true'
  }
  // The app validates the add-in's Entra access tokens itself (Authorization: Bearer, docs/api.md): this tenant's
  // v2.0 issuer and keys, audience the API's app registration.
  {
    name: 'Auth__Entra__Instance'
    value: environment().authentication.loginEndpoint
  }
  {
    name: 'Auth__Entra__TenantId'
    value: entraTenantId
  }
  {
    name: 'Auth__Entra__ClientId'
    value: entraClientId
  }
  // The add-in manifests (GET /api/addin/manifest.xml) carry this URL; without it they are refused for any host but
  // loopback. X-Forwarded-For needs no setting here: under the Functions host the app trusts the host (loopback) only.
  {
    name: 'Addin__BaseUrl'
    value: publicBaseUrl
  }
  // The region's name and contact address on the start page and the provider page.
  {
    name: 'Region__Name'
    value: regionName
  }
  {
    name: 'Region__Contact'
    value: regionContact
  }
]

var bootstrapSettings = empty(bootstrapAdminKey)
  ? []
  : [
      {
        name: 'Auth__AdminKey'
        value: bootstrapAdminKey
      }
    ]

var otlpSettings = empty(otlpEndpoint)
  ? []
  : [
      {
        name: 'OTEL_EXPORTER_OTLP_ENDPOINT'
        value: otlpEndpoint
      }
      {
        name: 'OTEL_EXPORTER_OTLP_PROTOCOL'
        value: otlpProtocol
      }
    ]

// Read by the host and by the app: with it, both authenticate to Application Insights with the managed identity.
var appInsightsAuthSettings = appInsightsEntraAuth
  ? [
      {
        name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
        value: 'Authorization=AAD'
      }
    ]
  : []

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
      appSettings: concat(baseAppSettings, appInsightsAuthSettings, otlpSettings, bootstrapSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// No FTP, no basic-auth publishing: deployment goes through the SCM endpoint with an Entra token.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

// App Service Authentication in front of the Functions host validates Entra ID bearer tokens for our
// app registration and passes the principal on (X-MS-CLIENT-PRINCIPAL), but lets every request through
// (AllowAnonymous): the app is the authority. It answers 401/403 itself, maps principals to roles and
// also accepts its own keys (x-inkoop-key) for providers and scripts without an Entra account.
// Every function.json is authLevel anonymous, so the host checks no function keys.
// No client secret: the API only validates tokens, it never signs users in itself.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: concat(
            [
              'api://${entraClientId}'
              entraClientId
            ],
            extraAllowedAudiences
          )
        }
      }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output principalId string = app.identity.principalId
