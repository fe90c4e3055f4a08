import type { BrokerInfo, BrokerKind } from '../../contract/index.ts';
import type { OvirtBroker, PveBroker, RdwebBroker } from '../../policy/schema.ts';
import { certificatesUnchecked } from './http-client.ts';

type ServerBroker = PveBroker | OvirtBroker | RdwebBroker;

/**
 * What the UI shows of a broker with a server, the same for every kind; `insecure` marks one
 * whose certificates go unchecked (the HTTP client's own rule).
 */
export function serverBrokerInfo(config: ServerBroker, kind: BrokerKind, source: string, allowInsecure: boolean): BrokerInfo {
  return {
    id: config.id,
    name: config.name,
    kind,
    source,
    address: config.url,
    domain: config.domain,
    ...(config.defaultDomain ? { defaultDomain: config.defaultDomain } : {}),
    insecure: certificatesUnchecked(config.url, config.tls, allowInsecure),
  };
}
