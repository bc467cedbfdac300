{
  "targets": [
    {
      "target_name": "nlink_native",
      "sources": ["native/nlink_native.c"],
      "cflags": ["-std=gnu11", "-O2", "-Wall", "-Wextra"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "libraries": ["-lpthread"]
    },
    {
      "target_name": "nlink_netns_exec",
      "type": "executable",
      "sources": ["native/netns-exec.c"],
      "cflags": ["-std=gnu11", "-O2", "-Wall", "-Wextra"],
      "defines": ["_GNU_SOURCE"]
    }
  ]
}
