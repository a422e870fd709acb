// A process address space: VMAs over a page table. (Skeleton; the mm work fills it in.)
export class AddressSpace {}
