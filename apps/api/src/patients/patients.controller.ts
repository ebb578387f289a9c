import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, Roles } from '../auth/auth.decorators';
import { CreatePatientDto, PatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';
import { ApiRefusals } from '../common/openapi/api-refusals.decorator';

@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @ApiOperation({ summary: 'Register a patient' })
  @ApiRefusals({ 409: 'A patient with this MRN exists (mrn named)' })
  @Post()
  @Roles('COORDINATOR')
  @ApiCreatedResponse({ type: PatientDto })
  create(@Body() body: CreatePatientDto, @Actor() actor: AuditActor): Promise<PatientDto> {
    return this.patients.create(body, actor);
  }

  @ApiOperation({ summary: 'Get a patient' })
  @Get(':id')
  @ScopedBy('patient')
  @ApiOkResponse({ type: PatientDto })
  get(@Param('id') id: string, @Actor() actor: AuditActor): Promise<PatientDto> {
    return this.patients.get(id, actor);
  }
}
