/** Custom event buses: CreateEventBus, DescribeEventBus, DeleteEventBus, ListEventBuses. */
import type { JsonOperation } from '../../core/json-protocol';
import { DEFAULT_BUS, paginate, type EventStore } from './event-store';
import { constraintViolation, resourceAlreadyExists, validationError } from './errors';
import { optionalLimit, optionalString } from './wire-input';

const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;

export function busOperations(store: EventStore): Record<string, JsonOperation> {
  return {
    CreateEventBus(input) {
      const name: unknown = input.Name;
      if (typeof name !== 'string' || name === '')
        throw constraintViolation('null', 'name', 'Member must not be null');
      if (!BUS_NAME.test(name))
        throw constraintViolation(
          name,
          'name',
          'Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+',
        );
      if (store.findBus(name)) throw resourceAlreadyExists(`Event bus ${name} already exists.`);
      store.addBus(name);
      return { EventBusArn: store.busArn(name) };
    },

    DescribeEventBus(input) {
      const bus = store.bus(optionalString(input, 'Name', 'name', 1600));
      return { Name: bus.name, Arn: store.busArn(bus.name), CreationTime: new Date(bus.createdAt) };
    },

    DeleteEventBus(input) {
      const name = optionalString(input, 'Name', 'name', 256);
      if (name === undefined) throw constraintViolation('null', 'name', 'Member must not be null');
      if (name === DEFAULT_BUS) throw validationError('Cannot delete event bus default.');
      store.deleteBus(name);
      return {};
    },

    ListEventBuses(input) {
      const prefix = optionalString(input, 'NamePrefix', 'namePrefix', 256) ?? '';
      const buses = store.allBuses().filter((bus) => bus.name.startsWith(prefix));
      const { page, nextToken } = paginate(buses, optionalLimit(input), input.NextToken);
      return {
        EventBuses: page.map((bus) => ({ Name: bus.name, Arn: store.busArn(bus.name) })),
        ...(nextToken && { NextToken: nextToken }),
      };
    },
  };
}
