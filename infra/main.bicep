// Inkoop.Serverless: everything one region (e.g. Achterhoek) needs, in one resource group.
// One deployment per region: see infra/README.md ("Several regions").
//
//   az deployment group create -g rg-inkoop-achterhoek -f infra/main.bicep -p infra/main.bicepparam
//
// No secret is created or stored: storage, host and telemetry all use the function app's
// managed identity, and the API validates Entra ID tokens without a client secret.

targetScope = 'resourceGroup'

@description('Region key: short lowercase name of the purchasing region, used in every resource name (e.g. achterhoek).')
@minLength(3)
@maxLength(16)
param regionKey string

@description('How people call the region, shown in the header and footer of the start page and the provider page (e.g. Regio Achterhoek).')
param regionName string

@description('E-mail address of the region\'s purchasing team, shown on those pages as whom to ask (e.g. about a key). Empty: none.')
param regionContact string = ''

@description('Azure location. Flex Consumption is available in westeurope.')
param location string = 'westeurope'

@description('Origin (scheme://host[:port], no path, no trailing slash) the Excel add-in\'s task pane is served from, e.g. https://addin.example.nl.')
param addinOrigin string

@description('Further origins allowed by CORS (e.g. a test host of the add-in). Keep empty in production.')
param extraCorsOrigins string[] = []

@description('Entra ID tenant (GUID) whose tokens the API accepts: the region\'s tenant.')
@minLength(36)
@maxLength(36)
param entraTenantId string

@description('Client (application) id of the Entra app registration that represents the API.')
@minLength(36)
@maxLength(36)
param entraClientId string

@description('Bootstrap admin key (x-inkoop-key) for the first keys and principal mappings; leave empty (the default) once they exist. At least 32 characters when set.')
@secure()
param bootstrapAdminKey string = ''

@description('Function app instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of Flex Consumption instances (cost guard).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Require Entra ID (managed identity) for Application Insights ingestion; the connection string alone is then useless.')
param appInsightsEntraAuth bool = true

@description('Also export the app\'s traces, metrics and logs to this OpenTelemetry collector (OTEL_EXPORTER_OTLP_ENDPOINT); empty: only to Application Insights.')
param otlpEndpoint string = ''

@description('Protocol of otlpEndpoint.')
@allowed([
  'grpc'
  'http/protobuf'
])
param otlpProtocol string = 'grpc'

@description('Daily Log Analytics ingestion cap in GB (-1: none).')
param logDailyQuotaGb int = 1

@description('Days deleted blobs/containers stay restorable.')
@minValue(7)
@maxValue(365)
param softDeleteRetentionDays int = 30

@description('Tags added to every resource.')
param tags object = {}

var allTags = union(
  {
    application: 'inkoop-serverless'
    region: regionKey
  },
  tags
)
var baseName = '${regionKey}-inkoop'
var suffix = uniqueString(resourceGroup().id)
var storageAccountName = take('st${replace(regionKey, '-', '')}${suffix}', 24)
var functionAppName = 'func-${baseName}-${take(suffix, 6)}'
var appInsightsName = 'appi-${baseName}'
var deploymentContainerName = 'deployment'
var addinHost = replace(replace(addinOrigin, 'https://', ''), 'http://', '')

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: 'log-${baseName}'
    appInsightsName: appInsightsName
    tags: allTags
    dailyQuotaGb: logDailyQuotaGb
    disableLocalAuth: appInsightsEntraAuth
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: storageAccountName
    tags: allTags
    deploymentContainerName: deploymentContainerName
    softDeleteRetentionDays: softDeleteRetentionDays
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    baseName: baseName
    appName: functionAppName
    tags: allTags
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    appInsightsName: appInsightsName
    appInsightsEntraAuth: appInsightsEntraAuth
    otlpEndpoint: otlpEndpoint
    otlpProtocol: otlpProtocol
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    corsAllowedOrigins: concat([addinOrigin], extraCorsOrigins)
    entraTenantId: entraTenantId
    entraClientId: entraClientId
    // Office SSO (getAccessToken) asks for a token whose audience is the application ID URI
    // api://<add-in host>/<client id>; accept it next to the plain api://<client id>.
    extraAllowedAudiences: [
      'api://${addinHost}/${entraClientId}'
    ]
    bootstrapAdminKey: bootstrapAdminKey
    regionName: regionName
    regionContact: regionContact
  }
  dependsOn: [
    monitoring
    storage
  ]
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    functionAppName: functionAppName
    storageAccountName: storageAccountName
    appInsightsName: appInsightsName
    appInsightsEntraAuth: appInsightsEntraAuth
  }
  dependsOn: [
    functionApp
    monitoring
    storage
  ]
}

@description('Host name of the function app; the add-in\'s API base URL is https://<this>/api.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Name of the function app (for az functionapp commands).')
output functionAppName string = functionApp.outputs.name

@description('Name of the region\'s storage account.')
output storageAccountName string = storage.outputs.name
