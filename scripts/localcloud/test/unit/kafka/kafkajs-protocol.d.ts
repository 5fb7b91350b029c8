/**
 * The parts of kafkajs's own protocol code these tests use, an implementation of the Kafka
 * protocol independent of the broker's: its request encoders and response decoders per API and
 * version, and its table of error codes. kafkajs publishes no types for them.
 */
declare module 'kafkajs/src/protocol/requests' {
  interface Encoded {
    readonly buffer: Buffer;
  }

  interface ProtocolRequest {
    readonly apiKey: number;
    readonly apiVersion: number;
    encode(): Promise<Encoded>;
  }

  interface ProtocolResponse {
    decode(payload: Buffer): Promise<unknown>;
  }

  interface RequestDefinitions {
    readonly versions: readonly string[];
    protocol(options: { version: number }): (args: Record<string, unknown>) => {
      readonly request: ProtocolRequest;
      readonly response: ProtocolResponse;
    };
  }

  export const requests: Readonly<Record<string, RequestDefinitions>>;
}

/** kafkajs's table of the protocol's errors, by the names it knows them by. */
declare module 'kafkajs/src/protocol/error' {
  export const errorCodes: readonly {
    readonly type: string;
    readonly code: number;
    readonly retriable: boolean;
  }[];
}
