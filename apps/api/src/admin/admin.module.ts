import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminController } from './admin.controller';
import { QueueDashboard } from './queue-dashboard';

/** Operations: the BullMQ dashboard (bull-board), ADMIN only. */
@Module({ imports: [AuthModule], controllers: [AdminController], providers: [QueueDashboard] })
export class AdminModule {}
