// Everything in the resource group: registry, identity, Key Vault, logs,
// PostgreSQL (private by default), the Linux App Service plan and the web
// app for containers, its app settings and its authsettingsV2 (EasyAuth).

@description('Environment name, used in resource names.')
param name string

@description('Azure region of every resource.')
param location string

@description('Deterministic suffix shared by every resource name of this environment.')
param resourceToken string

@description('Tags put on every resource.')
param tags object

@secure()
@description('PostgreSQL administrator password; written to Key Vault only.')
param databasePassword string

@description('PostgreSQL administrator login name.')
param databaseAdminLogin string

@allowed([ 'vnet', 'public' ])
@description('vnet: VNet integration + delegated subnet + private DNS zone. public: public endpoint with firewall rules.')
param databaseNetworking string

@description('Only with databaseNetworking=public: an extra client IP allowed through the firewall. Empty: none.')
param databaseClientIp string

@description('PostgreSQL Flexible Server SKU (Burstable tier).')
param databaseSku string

@description('App Service plan SKU (Linux).')
param appServiceSku string

@description('Public base URL when the app has a custom domain. Empty: https://<default host name>.')
param publicUrl string

@description('Application (client) id of the MCP server app registration.')
param mcpClientId string

@description('Identifier URI (Application ID URI) of the MCP server app registration.')
param mcpIdentifierUri string

@description('Client ids allowed to call (azp/appid). Empty strings are ignored; the list must not end up empty.')
param allowedClientIds array

// Server and site names take lowercase letters, digits and hyphens only.
var prefix = toLower(replace('${name}-${resourceToken}', '_', '-'))
var useVnet = databaseNetworking == 'vnet'
var databaseName = 'reviews'
var appPort = '8000'
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// ---- the one authsettingsV2 document --------------------------------------
// fixtures/authsettings.json is what the app enforces locally. Azure gets
// the same document with only the instance-specific values replaced:
// tenant (issuer), client id, both audience forms, and the callers.
// union() merges nested objects and replaces arrays, so every other field
// (runtimeVersion ~2, Return401, excludedPaths, requireHttps, ...) comes
// from the file unchanged. make infra-check verifies exactly that.
var callers = filter(allowedClientIds, id => !empty(id))
var allowedClients = empty(callers) ? fail('No caller allowed: set foundryAgentClientId/foundryProjectClientId (FOUNDRY_AGENT_CLIENT_ID, FOUNDRY_PROJECT_CLIENT_ID for azd) or additionalAllowedClientIds. EasyAuth must never be deployed with an empty allow-list.') : callers
var authTemplate = loadJsonContent('../fixtures/authsettings.json')
var authSettings = union(authTemplate, {
  identityProviders: {
    azureActiveDirectory: {
      registration: {
        openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        clientId: mcpClientId
      }
      validation: {
        allowedAudiences: [ mcpIdentifierUri, mcpClientId ]
        jwtClaimChecks: {
          allowedClientApplications: allowedClients
        }
        defaultAuthorizationPolicy: {
          allowedApplications: allowedClients
        }
      }
    }
  }
})

// ---- logs --------------------------------------------------------------------
resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${prefix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

// ---- identity, registry, secrets ----------------------------------------------
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}'
  location: location
  tags: tags
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'cr${resourceToken}'
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: {
    // The web app pulls with its managed identity: no admin password.
    adminUserEnabled: false
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPullRoleId)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv${resourceToken}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// libpq key=value form, as Service Connector writes it. The password is
// quoted with libpq's rules so any character is safe in it.
var quotedPassword = '\'${replace(replace(databasePassword, '\\', '\\\\'), '\'', '\\\'')}\''
resource dbSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-connection-string'
  properties: {
    value: 'host=${postgres.properties.fullyQualifiedDomainName} port=5432 dbname=${databaseName} user=${databaseAdminLogin} password=${quotedPassword} sslmode=require'
  }
}

// ---- network (vnet mode) ------------------------------------------------------
resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = if (useVnet) {
  name: 'vnet-${prefix}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [
      {
        name: 'database'
        properties: {
          addressPrefix: '10.0.0.0/24'
          delegations: [
            { name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } }
          ]
        }
      }
      {
        name: 'webapp'
        properties: {
          addressPrefix: '10.0.1.0/24'
          delegations: [
            { name: 'appservice', properties: { serviceName: 'Microsoft.Web/serverFarms' } }
          ]
        }
      }
    ]
  }
}

resource privateDns 'Microsoft.Network/privateDnsZones@2020-06-01' = if (useVnet) {
  name: 'psql-${prefix}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource privateDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = if (useVnet) {
  parent: privateDns
  name: 'vnet-link'
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

// ---- PostgreSQL ------------------------------------------------------------------
resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${prefix}'
  location: location
  tags: tags
  sku: { name: databaseSku, tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: databaseAdminLogin
    administratorLoginPassword: databasePassword
    // Password authentication: the app's pool takes a fixed libpq string.
    // Entra authentication would need a token refreshed hourly in the app.
    authConfig: { passwordAuth: 'Enabled', activeDirectoryAuth: 'Disabled' }
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: useVnet ? {
      delegatedSubnetResourceId: '${vnet.id}/subnets/database'
      privateDnsZoneArmResourceId: privateDns.id
      publicNetworkAccess: 'Disabled'
    } : {
      publicNetworkAccess: 'Enabled'
    }
  }
  dependsOn: [ privateDnsLink ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// public mode: 0.0.0.0 is Azure's "allow Azure services" rule (any Azure
// customer's resources can connect; the password and TLS still apply).
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!useVnet) {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource allowClient 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!useVnet && !empty(databaseClientIp)) {
  parent: postgres
  name: 'AllowClientIp'
  properties: { startIpAddress: databaseClientIp, endIpAddress: databaseClientIp }
}

// ---- App Service -----------------------------------------------------------------
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${prefix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2024-04-01' = {
  name: 'app-${prefix}'
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    // Regional VNet integration: private traffic (PostgreSQL's private
    // address, from the linked private DNS zone) goes through the VNet.
    virtualNetworkSubnetId: useVnet ? '${vnet.id}/subnets/webapp' : null
    siteConfig: {
      // azd deploy replaces the image with the one it pushed to the registry.
      linuxFxVersion: 'DOCKER|mcr.microsoft.com/appsvc/staticsite:latest'
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identity.properties.clientId
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
  dependsOn: [ acrPull, secretsUser ]
}

var webUri = empty(publicUrl) ? 'https://${web.properties.defaultHostName}' : publicUrl

// Every name here is read by the app (app/src) or by the platform; the
// list is checked against docs/configuration.md by make infra-check.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: web
  name: 'appsettings'
  properties: {
    WEBSITES_PORT: appPort
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false'
    PUBLIC_URL: webUri
    AZURE_POSTGRESQL_CONNECTIONSTRING: '@Microsoft.KeyVault(SecretUri=${dbSecret.properties.secretUri})'
    // The app creates its tables at start-up; the seed rows go into an
    // empty database only, so agents have something to list on day one.
    DB_SEED: '1'
    AUTH_SETTINGS_JSON: string(authSettings)
    WEBSITE_AUTH_PRM_DEFAULT_WITH_SCOPES: '${mcpIdentifierUri}/user_impersonation'
    WEBSITE_AUTH_AAD_ALLOWED_TENANTS: tenant().tenantId
  }
}

// EasyAuth itself, from the same document the app enforces in-process.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: web
  name: 'authsettingsV2'
  properties: authSettings
  dependsOn: [ appSettings ]
}

resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: web
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServiceAppLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
      { category: 'AppServiceAuditLogs', enabled: true }
    ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

resource postgresDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: postgres
  properties: {
    workspaceId: logAnalytics.id
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

output registryLoginServer string = registry.properties.loginServer
output registryName string = registry.name
output webAppName string = web.name
output webUri string = webUri
output databaseHost string = postgres.properties.fullyQualifiedDomainName
output keyVaultName string = vault.name
output logAnalyticsWorkspaceId string = logAnalytics.id
