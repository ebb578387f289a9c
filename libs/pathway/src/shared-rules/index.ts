export * from './fluoropyrimidine-rules';
export * from './biomarkers';
