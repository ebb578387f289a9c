import { Global, Module } from '@nestjs/common';
import { BoardAccessService } from './board-access.service';
import { BoardResolver } from './board-resolver';

@Global()
@Module({ providers: [BoardAccessService, BoardResolver], exports: [BoardAccessService, BoardResolver] })
export class AccessModule {}
