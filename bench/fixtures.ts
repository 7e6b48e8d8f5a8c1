/** The data shapes the benchmarks run on. */

/** fast-redact's own benchmark shape. */
export const smallObject = (): Record<string, unknown> => ({ a: { b: { c: 's' } }, d: { e: { f: 's' } } });

/** 100 users, about 17.6 KB of JSON. */
export const largeObject = (): { users: Record<string, unknown>[] } => ({
  users: Array.from({ length: 100 }, (_, id) => ({
    id,
    name: `User Number ${id}`,
    email: `user${id}@example.com`,
    password: `p4ssw0rd-${id}-secret`,
    profile: {
      age: 20 + (id % 50),
      bio: 'Loves hiking and reading.',
      preferences: { theme: id % 2 === 0 ? 'dark' : 'light', apiKey: `key-${id}-abcdefghij`, language: 'en-US' },
    },
    tags: ['member', id % 3 === 0 ? 'vip' : 'regular'],
  })),
});

/** An API Gateway REST (v1) proxy event as Lambda receives it, about 3 KB of JSON. */
export const apiGatewayEvent = (): Record<string, unknown> => ({
  resource: '/customers/{id}',
  path: '/customers/c-42',
  httpMethod: 'POST',
  headers: {
    Accept: 'application/json',
    'Accept-Encoding': 'gzip, deflate, br',
    Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjLTQyIn0.c2lnbmF0dXJl',
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Is-Desktop-Viewer': 'true',
    'CloudFront-Viewer-Country': 'DE',
    'Content-Type': 'application/json',
    Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    Via: '2.0 f0e1d2c3b4a5.cloudfront.net (CloudFront)',
    'X-Amz-Cf-Id': 'k3y-Zq0ExampleCloudFrontRequestId-ZZ1yQ==',
    'X-Amzn-Trace-Id': 'Root=1-65a1b2c3-0123456789abcdef01234567',
    'X-Forwarded-For': '203.0.113.10, 198.51.100.7',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  },
  multiValueHeaders: {
    Accept: ['application/json'],
    Authorization: ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjLTQyIn0.c2lnbmF0dXJl'],
    'Content-Type': ['application/json'],
    Host: ['abc123.execute-api.eu-west-1.amazonaws.com'],
    'X-Forwarded-For': ['203.0.113.10, 198.51.100.7'],
  },
  queryStringParameters: { include: 'orders', page: '2' },
  multiValueQueryStringParameters: { include: ['orders'], page: ['2'] },
  pathParameters: { id: 'c-42' },
  stageVariables: null,
  requestContext: {
    accountId: '123456789012',
    resourceId: 'a1b2c3',
    stage: 'prod',
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    requestTime: '09/Apr/2026:12:34:56 +0000',
    requestTimeEpoch: 1775738096000,
    path: '/prod/customers/c-42',
    resourcePath: '/customers/{id}',
    httpMethod: 'POST',
    apiId: 'abc123',
    protocol: 'HTTP/1.1',
    authorizer: {
      claims: { sub: 'c-42', email: 'jane.doe@example.com', 'cognito:username': 'jane', email_verified: 'true' },
      principalId: 'c-42',
    },
    identity: {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: '203.0.113.10',
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      user: null,
    },
    domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
  },
  body: '{"name":"Jane Doe","email":"jane.doe@example.com","address":{"street":"1 Main St","city":"Berlin"}}',
  isBase64Encoded: false,
});
