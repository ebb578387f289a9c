import { OutboxTopic, outboxRow } from './queues';

describe(outboxRow.name, () => {
  it('names the aggregate of each topic from its payload, with the cause', () => {
    expect(
      outboxRow(
        OutboxTopic.RecommendationSignedOff,
        { recommendationId: 'r1', caseId: 'c1' },
        { requestId: 'req', actorId: 'u1' },
      ),
    ).toEqual({
      topic: 'recommendation.signed-off',
      aggregateType: 'recommendation',
      aggregateId: 'r1',
      payload: { recommendationId: 'r1', caseId: 'c1' },
      requestId: 'req',
      actorId: 'u1',
    });
    expect(outboxRow(OutboxTopic.TreatmentEventsChanged, { caseId: 'c1' })).toMatchObject({
      aggregateType: 'case',
      aggregateId: 'c1',
      requestId: null,
      actorId: null,
    });
    expect(outboxRow(OutboxTopic.ReminderChanged, { reminderId: 'm1', version: 2, cancelled: true })).toMatchObject({
      aggregateType: 'reminder',
      aggregateId: 'm1',
      payload: { reminderId: 'm1', version: 2, cancelled: true },
    });
  });
});
