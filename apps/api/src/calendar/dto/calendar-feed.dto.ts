import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedDto {
  @ApiProperty({ description: 'Whether the user has a personal feed' }) active!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The feed URL. Only its hash is stored, so the URL is shown once: when the feed is first issued and on every rotation.',
  })
  url!: string | null;
}
