// libzmq's C API (Debian: libzmq3-dev).
#include <zmq.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdint.h>

/// Bytes written to a connected socket that the peer has not yet taken (SIOCOUTQ);
/// -1 when `fd` is not a socket.
static inline int bpk_unsent_bytes(int fd) {
    int n = 0;
    return ioctl(fd, SIOCOUTQ, &n) == 0 ? n : -1;
}

/// The local TCP port of connected socket `fd`, or -1.
static inline int bpk_local_port(int fd) {
    struct sockaddr_storage local, peer;
    socklen_t size = sizeof(local), psize = sizeof(peer);
    if (getsockname(fd, (struct sockaddr *)&local, &size) != 0) return -1;
    if (getpeername(fd, (struct sockaddr *)&peer, &psize) != 0) return -1;
    if (local.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&local)->sin_port);
    if (local.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&local)->sin6_port);
    return -1;
}

/// 1 when `fd` is a connected socket whose local end is TCP port `port` (port > 0) or
/// the Unix socket `path` (port == 0): guards against acting on a reused descriptor.
static inline int bpk_is_connection_of(int fd, int port, const char *path) {
    struct sockaddr_storage local, peer;
    socklen_t size = sizeof(local), psize = sizeof(peer);
    if (getsockname(fd, (struct sockaddr *)&local, &size) != 0) return 0;
    if (getpeername(fd, (struct sockaddr *)&peer, &psize) != 0) return 0;
    if (port > 0 && local.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&local)->sin_port) == port;
    if (port > 0 && local.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&local)->sin6_port) == port;
    if (port == 0 && local.ss_family == AF_UNIX && path)
        return strncmp(((struct sockaddr_un *)&local)->sun_path, path, sizeof(((struct sockaddr_un *)0)->sun_path)) == 0;
    return 0;
}

/// Bytes received so far on a TCP connection (TCP_INFO's tcpi_bytes_received, which counts
/// what libzmq has not read yet too); -1 when `fd` is not a TCP socket or the kernel is
/// older than Linux 4.1. glibc's struct tcp_info stops before that field (and clashes with
/// <linux/tcp.h> in one module), so it is read at its fixed offset in the Linux ABI, where
/// struct tcp_info only ever grows at the end.
static inline long long bpk_tcp_bytes_received(int fd) {
    enum { offset = 128 };
    unsigned char info[256];
    socklen_t size = sizeof(info);
    memset(info, 0, sizeof(info));
    if (getsockopt(fd, IPPROTO_TCP, 11 /* TCP_INFO */, info, &size) != 0) return -1;
    if (size < offset + sizeof(uint64_t)) return -1;
    uint64_t received;
    memcpy(&received, info + offset, sizeof(received));
    return (long long)received;
}
