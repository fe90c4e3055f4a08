import type { BrokerPolicy, Policy } from '../policy/schema.ts';
import { DirectBrokerAdapter } from './direct/broker.ts';
import type { Broker } from './types.ts';

/** Builds the adapter for one broker entry; one case per broker folder. */
export function createBroker(config: BrokerPolicy, source: string, policy: Policy): Broker {
  switch (config.type) {
    case 'direct':
      return new DirectBrokerAdapter(config, source, policy.kiosk);
    default: {
      const unknownType: never = config.type;
      throw new Error(`unknown broker type ${String(unknownType)}`);
    }
  }
}
