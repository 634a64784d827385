#!/usr/bin/env node
console.log("docker-cache-bench");
