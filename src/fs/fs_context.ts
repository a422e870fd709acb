// Per-task file-system context: root, cwd, umask. (Skeleton; the files work fills it in.)
export class FsContext {}
