export * from './treatment-events.mapper';
