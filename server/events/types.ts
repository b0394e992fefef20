// Every fact the write side records. Past tense; each event changes one aggregate.
// Payloads carry the resulting state where the projector needs it (e.g. `stock`),
// so applying an event never depends on reading other read models.

export interface BookAdded {
  type: 'BookAdded';
  bookId: string;
  title: string;
  author: string;
  priceCents: number;
  stock: number;
}

export interface BookPriceChanged {
  type: 'BookPriceChanged';
  bookId: string;
  priceCents: number;
  previousPriceCents: number;
}

export interface BookRestocked {
  type: 'BookRestocked';
  bookId: string;
  quantity: number;
  stock: number;
}

export interface BookStockReserved {
  type: 'BookStockReserved';
  bookId: string;
  orderId: string;
  quantity: number;
  stock: number;
}

export interface BookStockReleased {
  type: 'BookStockReleased';
  bookId: string;
  orderId: string;
  quantity: number;
  stock: number;
}

export interface OrderLine {
  bookId: string;
  title: string;
  quantity: number;
  priceCents: number;
}

export interface OrderPlaced {
  type: 'OrderPlaced';
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  totalCents: number;
  placedAt: string;
}

export interface OrderCancelled {
  type: 'OrderCancelled';
  orderId: string;
  customerId: string;
  lines: OrderLine[];
}

export type BookEvent = BookAdded | BookPriceChanged | BookRestocked | BookStockReserved | BookStockReleased;
export type OrderEvent = OrderPlaced | OrderCancelled;
export type DomainEvent = BookEvent | OrderEvent;
export type EventType = DomainEvent['type'];

/** An event as it sits in the log. */
export type StoredEvent = DomainEvent & {
  position: number;
  aggregateVersion: number;
  occurredAt: Date;
};

/** An event ready to append: which aggregate it belongs to and that aggregate's new version. */
export interface PendingEvent {
  aggregateType: 'book' | 'order';
  aggregateId: string;
  aggregateVersion: number;
  event: DomainEvent;
}
