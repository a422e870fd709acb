// A task's file descriptor table. (Skeleton; the files work fills it in.)
export class FdTable {}
