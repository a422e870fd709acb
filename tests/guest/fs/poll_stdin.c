#include <poll.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/select.h>
int main(){ struct pollfd p={0,POLLIN,0}; int r=poll(&p,1,200); printf("poll=%d rev=%x\n",r,p.revents);
 r=poll(&p,1,-1); printf("poll=%d rev=%x\n",r,p.revents); char b[10]; int n=read(0,b,10); printf("read=%d\n",n);
 fd_set s; FD_ZERO(&s); FD_SET(0,&s); struct timeval tv={0,100000}; r=select(1,&s,0,0,&tv); printf("select=%d\n",r);
 n=read(0,b,10); printf("read=%d\n",n); return 0;}
