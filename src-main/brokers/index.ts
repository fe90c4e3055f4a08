import type { Logger } from '../common/log.ts';
import type { BrokerPolicy, Policy } from '../policy/schema.ts';
import { DirectBrokerAdapter } from './direct/broker.ts';
import { OvirtBrokerAdapter } from './ovirt/broker.ts';
import { PveBrokerAdapter } from './pve/broker.ts';
import { RdwebBrokerAdapter } from './rdweb/broker.ts';
import type { Broker } from './types.ts';

/** Builds the adapter for one broker entry; one case per broker folder. */
export function createBroker(config: BrokerPolicy, source: string, policy: Policy, log?: Logger): Broker {
  switch (config.type) {
    case 'direct':
      return new DirectBrokerAdapter(config, source, policy.kiosk);
    case 'rdweb':
      return new RdwebBrokerAdapter(config, source, policy.kiosk, log);
    case 'pve':
      return new PveBrokerAdapter(config, source, policy, log ? { log } : {});
    case 'ovirt':
      return new OvirtBrokerAdapter(config, source, policy, log ? { log } : {});
    default: {
      const unknown: never = config;
      throw new Error(`unknown broker type ${String((unknown as { type: unknown }).type)}`);
    }
  }
}
