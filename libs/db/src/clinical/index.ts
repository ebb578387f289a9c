export * from './readiness';
export * from './treatment-events.mapper';
