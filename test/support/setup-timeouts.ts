// Integration and e2e tests start processes, databases and servers: give them time.
jest.setTimeout(120_000);
