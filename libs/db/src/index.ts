export * from './coalescer';
export * from './clinical';
export * from './db.module';
export * from './prisma.service';
export * from './lock-row';
export * from './pg-transaction';
