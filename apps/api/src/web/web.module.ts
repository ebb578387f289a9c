import { Module } from '@nestjs/common';
import { WebAppHost } from './web-app.host';

/** Serves the built web app (apps/web/dist) from the API's origin, when it has been built. */
@Module({ providers: [WebAppHost] })
export class WebModule {}
