import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'consilium:public';

/**
 * Marks a route or controller as reachable without a token. Every use must say why in a comment:
 * the global guard denies everything else.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
