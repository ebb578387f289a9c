export * from './fluoropyrimidine-rules';
