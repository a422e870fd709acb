// The kernel: task table, scheduler, syscall dispatch. (Skeleton; the kernel core fills it in.)
export class Kernel {}
