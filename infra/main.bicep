// reviews-mcp on Azure: a resource group with everything the app needs
// (resources.bicep) and the Entra ID objects that secure it (entra.bicep).
// Deployed by `azd up` with main.parameters.json; see docs/deployment.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Environment name (azd sets it from AZURE_ENV_NAME). Names the resource group and seeds every resource name.')
param name string

@minLength(1)
@description('Azure region for every resource (azd sets it from AZURE_LOCATION).')
param location string

@secure()
@minLength(12)
@description('Password of the PostgreSQL administrator. Stored in Key Vault only; the app gets it through a Key Vault reference.')
param databasePassword string

@description('PostgreSQL administrator login name.')
param databaseAdminLogin string = 'reviewsadmin'

@allowed([ 'vnet', 'public' ])
@description('How the app reaches PostgreSQL: vnet (VNet integration, delegated subnet, private DNS zone; no public endpoint) or public (public endpoint with firewall rules).')
param databaseNetworking string = 'vnet'

@description('Only with databaseNetworking=public: one extra client IP address allowed through the PostgreSQL firewall (e.g. yours, to run psql). Empty: none.')
param databaseClientIp string = ''

@description('Object (principal) id of the Foundry agent identity that calls the MCP server. Gets the MCP.Access app role. Empty: none.')
param foundryAgentPrincipalId string = ''

@description('Application (client) id of the Foundry agent identity: the azp/appid claim of its tokens. Goes into allowedClientApplications and allowedApplications. Empty: none.')
param foundryAgentClientId string = ''

@description('Object (principal) id of the Foundry project managed identity (calls flip between it and the agent identity). Gets the MCP.Access app role. Empty: none.')
param foundryProjectPrincipalId string = ''

@description('Application (client) id of the Foundry project managed identity. Goes into allowedClientApplications and allowedApplications. Empty: none.')
param foundryProjectClientId string = ''

@description('More client ids allowed to call (e.g. a test client, VS Code aebc6443-996d-45c2-90f0-388ff96faa56). Added to both allow-lists.')
param additionalAllowedClientIds array = []

@description('More service principal object ids to assign the MCP.Access app role to.')
param additionalRolePrincipalIds array = []

@description('Service principal object ids to assign the MCP.Write app role to (only needed when the app is configured to require it for the create tools).')
param writeRolePrincipalIds array = []

@description('Client id of an MCP app registration made outside Bicep (the az CLI path, infra/scripts/01-06). Empty: Bicep creates the registration, its service principal and the role assignments (entra.bicep).')
param mcpClientId string = ''

@description('Identifier URI of that existing registration. Empty: api://<mcpClientId>. Ignored when Bicep creates the registration.')
param mcpIdentifierUri string = ''

@description('Public base URL of the app when it has a custom domain (https://host, no path). Empty: https://<default host name>.')
param publicUrl string = ''

@description('App Service plan SKU. B1 is the smallest with Always On; use P0v3 or higher for production.')
param appServiceSku string = 'B1'

@description('PostgreSQL Flexible Server SKU name (Burstable tier).')
param databaseSku string = 'Standard_B1ms'

var resourceToken = toLower(uniqueString(subscription().id, name, location))
var tags = { 'azd-env-name': name }

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${name}'
  location: location
  tags: tags
}

var createEntra = empty(mcpClientId)

module entra 'entra.bicep' = if (createEntra) {
  name: 'entra'
  scope: resourceGroup
  params: {
    name: name
    resourceToken: resourceToken
    rolePrincipalIds: union([ foundryAgentPrincipalId, foundryProjectPrincipalId ], additionalRolePrincipalIds)
    writeRolePrincipalIds: writeRolePrincipalIds
  }
}

var clientId = createEntra ? entra.outputs.clientId : mcpClientId
var identifierUri = createEntra ? entra.outputs.identifierUri : (empty(mcpIdentifierUri) ? 'api://${mcpClientId}' : mcpIdentifierUri)

module resources 'resources.bicep' = {
  name: 'resources'
  scope: resourceGroup
  params: {
    name: name
    location: location
    resourceToken: resourceToken
    tags: tags
    databasePassword: databasePassword
    databaseAdminLogin: databaseAdminLogin
    databaseNetworking: databaseNetworking
    databaseClientIp: databaseClientIp
    databaseSku: databaseSku
    appServiceSku: appServiceSku
    publicUrl: publicUrl
    mcpClientId: clientId
    mcpIdentifierUri: identifierUri
    allowedClientIds: union([ foundryAgentClientId, foundryProjectClientId ], additionalAllowedClientIds)
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output AZURE_CONTAINER_REGISTRY_NAME string = resources.outputs.registryName
output WEB_APP_NAME string = resources.outputs.webAppName
output WEB_URI string = resources.outputs.webUri
output MCP_URL string = '${resources.outputs.webUri}/mcp/mcp'
output MCP_CLIENT_ID string = clientId
output MCP_IDENTIFIER_URI string = identifierUri
output MCP_SCOPE string = '${identifierUri}/user_impersonation'
output POSTGRES_HOST string = resources.outputs.databaseHost
output KEY_VAULT_NAME string = resources.outputs.keyVaultName
output LOG_ANALYTICS_WORKSPACE_ID string = resources.outputs.logAnalyticsWorkspaceId
