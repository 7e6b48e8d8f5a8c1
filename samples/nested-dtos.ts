/**
 * Nested DTOs (docs/decorators.md): `@MaskNested` declares the class of a property that holds
 * another DTO, a list of them, a Date, or plain data. It needs no decorator metadata and no
 * class-transformer, so the same code masks the same way under tsc, esbuild and swc, with legacy
 * or standard decorators. Plain data that nothing declares is refused when it may be a DTO.
 * Event: events/nested-order-event.json.
 */
import { DataMasking, Erase, MaskNested } from 'lambda-data-masking';

export class CardDto {
  @Erase() public number!: string;
  @Erase({ customMask: 'XXX' }) public cvv!: string;
  public holder!: string;
}

export class OrderDto {
  public id!: string;
  @MaskNested(() => CardDto) public card!: CardDto;
  @MaskNested(() => CardDto) public history!: CardDto[];
  @MaskNested(() => Date) public placedAt!: Date;
  @MaskNested(() => Object) public notes!: Record<string, string>;
}

/** The same order, its card typed for TypeScript only: the library cannot know it is a CardDto. */
export class UndeclaredOrderDto {
  public id!: string;
  public card!: CardDto;
}

const masker = new DataMasking();

/** What a repository returns: an instance whose nested members are plain objects. */
export const handler = async (event: { order: Record<string, unknown> }): Promise<unknown> =>
  masker.maskSync(Object.assign(new OrderDto(), event.order, { placedAt: new Date(event.order.placedAt as string) }));

/** The same data in a class that does not declare its nested DTO: refused, never in clear. */
export const undeclared = async (event: { order: Record<string, unknown> }): Promise<unknown> => {
  try {
    return masker.maskSync(Object.assign(new UndeclaredOrderDto(), { id: event.order.id, card: event.order.card }));
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
};
