import type { FastifyInstance } from 'fastify';
import type { ResiliencePolicy, ServiceName } from '../../src/core/service-contract.js';
import type { ServiceMetrics } from './metrics.js';
import { resiliencePolicySchema } from './policy-rules.js';
import { sendProblem } from './replies.js';
import type { ResilientClient } from './resilient-client.js';

/**
 * Run-time control of the resilience policies, so an experiment can turn a timeout or a breaker on
 * mid-run and the effect shows up in the same dashboards. Each change is logged with the policy
 * it replaced and counted, so the journal and the metrics can both tell when it happened.
 */
export function installAdminRoutes(app: FastifyInstance, service: ServiceName, clients: ReadonlyMap<ServiceName, ResilientClient>, metrics: ServiceMetrics): void {
  app.get('/admin/policies', async () => Object.fromEntries([...clients].map(([peer, client]) => [peer, client.policy])));

  app.put<{ Params: { peer: string }; Body: ResiliencePolicy }>(
    '/admin/policies/:peer',
    {
      schema: {
        params: { type: 'object', required: ['peer'], properties: { peer: { type: 'string', minLength: 1 } } },
        body: resiliencePolicySchema,
        response: { 200: resiliencePolicySchema },
      },
    },
    async (request, reply) => {
      const client = clients.get(request.params.peer as ServiceName);
      if (!client) return sendProblem(reply, 404, `${service} has no dependency named ${JSON.stringify(request.params.peer)}`);
      const previous = client.policy;
      client.replacePolicy(request.body);
      metrics.policyChanges.inc({ service, peer: client.peer });
      request.log.info({ peer: client.peer, previous, policy: request.body }, 'resilience policy replaced');
      return reply.code(200).send(request.body);
    },
  );
}
