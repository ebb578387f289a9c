import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { PatientsModule } from '../patients/patients.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { FhirController } from './fhir.controller';
import { FhirService } from './fhir.service';

@Module({
  imports: [CasesModule, DocumentsModule, PatientsModule, RecommendationsModule],
  controllers: [FhirController],
  providers: [FhirService],
  exports: [FhirService],
})
export class FhirModule {}
