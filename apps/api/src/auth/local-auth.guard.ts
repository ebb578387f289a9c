import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldValidationException } from '../common/problem';
import { fieldProblems } from '../common/validation';
import { LoginDto } from './dto/auth.dto';

/**
 * passport-local runs in a guard, before pipes: validate the body first so that bad input gets
 * the same 400 naming the field as everywhere else, not a bare 401.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest<{ body?: unknown }>();
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new FieldValidationException([{ field: 'body', message: 'the body must be a JSON object' }]);
    }
    const dto = plainToInstance(LoginDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new FieldValidationException(fieldProblems(errors));
    return super.canActivate(context);
  }
}
