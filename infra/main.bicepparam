// Parameters for the Achterhoek region. Copy this file per region (e.g. twente.bicepparam)
// and deploy each into its own resource group: see infra/README.md.
using 'main.bicep'

param regionKey = 'achterhoek'
// Shown on the start page and the provider page: the region's name and whom providers ask (e.g. about a key).
param regionName = 'Regio Achterhoek'
param regionContact = 'inkoop@achterhoek.example.nl'
param location = 'westeurope'

// Where the add-in's task pane is served from (the manifest's SourceLocation host).
param addinOrigin = 'https://addin.example.nl'

// The ids from "Create the Entra app registration" in infra/README.md, read from the
// environment at deploy time so no tenant-specific id is committed. Unset, the deployment
// fails on the parameters' length check instead of configuring a broken sign-in.
param entraTenantId = readEnvironmentVariable('INKOOP_ENTRA_TENANT_ID', '')
param entraClientId = readEnvironmentVariable('INKOOP_ENTRA_CLIENT_ID', '')
// Only for the first deployment: an admin key to issue keys and map principals with, then deploy again without it.
param bootstrapAdminKey = readEnvironmentVariable('INKOOP_BOOTSTRAP_ADMIN_KEY', '')

param tags = {
  costCenter: 'inkoop-achterhoek'
}
