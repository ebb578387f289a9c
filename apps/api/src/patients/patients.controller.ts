import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditActor } from '@consilium/audit';
import { ScopedBy } from '../access/scoped-by.decorator';
import { Actor, Roles } from '../auth/auth.decorators';
import { CreatePatientDto, PatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Roles('COORDINATOR')
  @ApiCreatedResponse({ type: PatientDto, description: '409 when the MRN exists' })
  create(@Body() body: CreatePatientDto, @Actor() actor: AuditActor): Promise<PatientDto> {
    return this.patients.create(body, actor);
  }

  @Get(':id')
  @ScopedBy('patient')
  @ApiOkResponse({ type: PatientDto })
  get(@Param('id') id: string, @Actor() actor: AuditActor): Promise<PatientDto> {
    return this.patients.get(id, actor);
  }
}
