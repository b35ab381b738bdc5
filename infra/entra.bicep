// The MCP server's Entra ID objects, with the Microsoft Graph Bicep
// extension (infra/bicepconfig.json): the app registration, its service
// principal, and the app role assignments of the identities that call it.
//
// Identifier URI: api://<tenant id>/<uniqueName>. The extension cannot
// refer to an application's own appId inside its declaration, so the usual
// api://<appId> cannot be declared here (and it is not implicit either:
// AADSTS500011 until someone adds it). The tenant-scoped form is one of
// Entra's documented secure identifier URI patterns, is known before the
// deployment starts, and stays stable across redeployments. The az CLI
// path (infra/scripts/) uses api://<appId> instead; both work the same,
// because v2 tokens carry the client id as aud whatever URI was asked for.
//
// No client secret anywhere: EasyAuth validates bearer tokens with the
// tenant's public keys only, and Foundry calls with managed identities.
extension microsoftGraphV1

@description('Environment name, used in the display name.')
param name string

@description('Deterministic suffix shared by every resource name of this environment.')
param resourceToken string

@description('Service principal object ids that get the MCP.Access app role (empty strings are ignored).')
param rolePrincipalIds array

@description('Service principal object ids that get the MCP.Write app role (empty strings are ignored).')
param writeRolePrincipalIds array

// Immutable alternate key of the application: Bicep finds the same
// registration again on every deployment through it.
var uniqueName = 'reviews-mcp-${resourceToken}'
var identifierUri = 'api://${tenant().tenantId}/${uniqueName}'

// Stable ids: changing a role's id would orphan its assignments.
var accessRoleId = guid(tenant().tenantId, uniqueName, 'MCP.Access')
var writeRoleId = guid(tenant().tenantId, uniqueName, 'MCP.Write')
var scopeId = guid(tenant().tenantId, uniqueName, 'user_impersonation')

var accessAssignees = filter(rolePrincipalIds, id => !empty(id))
var writeAssignees = filter(writeRolePrincipalIds, id => !empty(id))

resource mcpApp 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: 'Restaurant reviews MCP (${name})'
  signInAudience: 'AzureADMyOrg'
  identifierUris: [ identifierUri ]
  api: {
    // v2 tokens: aud is always the client id, iss the login.microsoftonline.com form.
    requestedAccessTokenVersion: 2
    oauth2PermissionScopes: [
      {
        id: scopeId
        value: 'user_impersonation'
        type: 'User'
        isEnabled: true
        adminConsentDisplayName: 'Access the restaurant reviews MCP server'
        adminConsentDescription: 'Lets the application call the restaurant reviews MCP server on behalf of the signed-in user.'
        userConsentDisplayName: 'Access the restaurant reviews MCP server'
        userConsentDescription: 'Lets the application call the restaurant reviews MCP server on your behalf.'
      }
    ]
  }
  appRoles: [
    {
      id: accessRoleId
      value: 'MCP.Access'
      displayName: 'MCP.Access'
      description: 'Call the MCP server tools (app-only callers such as Foundry agent identities).'
      allowedMemberTypes: [ 'Application' ]
      isEnabled: true
    }
    {
      id: writeRoleId
      value: 'MCP.Write'
      displayName: 'MCP.Write'
      description: 'Create restaurants and reviews, when the server is configured to require it for the create tools.'
      allowedMemberTypes: [ 'Application' ]
      isEnabled: true
    }
  ]
}

// The step people forget: without a service principal in the tenant there
// is nothing to assign roles on and Entra issues no token for the API.
resource mcpSp 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: mcpApp.appId
  // false: app role assignment is checked by the app (roles claim), and
  // true would make Entra refuse tokens to delegated users (AADSTS501051).
  appRoleAssignmentRequired: false
}

resource accessAssignments 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for principalId in accessAssignees: {
  principalId: principalId
  resourceId: mcpSp.id
  appRoleId: accessRoleId
}]

resource writeAssignments 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for principalId in writeAssignees: {
  principalId: principalId
  resourceId: mcpSp.id
  appRoleId: writeRoleId
}]

output clientId string = mcpApp.appId
output applicationObjectId string = mcpApp.id
output identifierUri string = identifierUri
output servicePrincipalId string = mcpSp.id
output accessRoleId string = accessRoleId
output writeRoleId string = writeRoleId
