import Fastify, { type FastifyInstance } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { takeContractViolations, watchResponses } from '../support/response-contract';

/** A document with one operation: 200 with a { id, presenter (nullable ref) } object, 404 problem. */
const document: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'contract check', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          '200': {
            description: 'the thing',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '404': {
            description: 'none',
            content: { 'application/problem+json': { schema: { type: 'object', required: ['status'] } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Person: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      Thing: {
        type: 'object',
        required: ['id', 'presenter'],
        properties: {
          id: { type: 'string' },
          presenter: { type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/Person' }] },
        },
      },
    },
  },
};

describe('the response contract check of startApi', () => {
  let fastify: FastifyInstance;
  let url: string;
  const get = async (id: string): Promise<number> => (await fetch(`${url}/things/${id}`)).status;

  beforeAll(async () => {
    fastify = Fastify();
    watchResponses(fastify, document);
    fastify.get('/things/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      if (id === 'teapot') return reply.status(418).send({ status: 418 });
      if (id === 'null') return reply.status(200).type('application/json').send('null');
      return { id, presenter: id === 'nobody' ? null : id === 'bad' ? { name: 7 } : { name: 'Dr A' } };
    });
    url = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => fastify.close());

  it('accepts documented answers (a nullable reference may be null)', async () => {
    expect(await get('a')).toBe(200);
    expect(await get('nobody')).toBe(200);
    expect(takeContractViolations()).toEqual([]);
  });

  it('names an undocumented status, a body off its schema and a null body', async () => {
    expect([await get('teapot'), await get('bad'), await get('null')]).toEqual([418, 200, 200]);
    expect(takeContractViolations()).toEqual([
      'GET /things/{id} 418: status not documented',
      'GET /things/{id} 200: body/presenter/name must be string, body/presenter must be null, body/presenter must match a schema in anyOf',
      'GET /things/{id} 200: body must be object',
    ]);
  });
});
