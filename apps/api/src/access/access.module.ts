import { Global, Module } from '@nestjs/common';
import { BoardAccessService } from './board-access.service';

@Global()
@Module({ providers: [BoardAccessService], exports: [BoardAccessService] })
export class AccessModule {}
