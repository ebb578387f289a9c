import { takeContractViolations } from './response-contract';

// Integration and e2e tests start processes, databases and servers: give them time.
jest.setTimeout(120_000);

// Every answer of an API started with startApi must match the OpenAPI document (status and body).
afterAll(() => {
  expect(takeContractViolations()).toEqual([]);
});
