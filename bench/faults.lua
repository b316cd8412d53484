-- Mixed reader traffic for wrk, as mixed.lua, with every request written down: for the
-- fault runs (run_faults.sh), whose figures are split at the moment of the fault.
--
-- Run with as many threads as connections (wrk -t8 -c8): each thread then has one
-- connection, whose requests and responses alternate, so a response's latency is the time
-- since its thread's last request. Each thread writes "$REQUESTS_LOG.<n>", one line a
-- request: unix start time, latency in microseconds (-1: no response, the connection
-- failed), status (0 when none), the page's Last-Modified ("-" when it has none), path.
-- Everything else (the paths, the counting, done()) is mixed.lua's.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } fault_timespec;
  int clock_gettime(int clock, fault_timespec *now);
]]
local clock = ffi.new("fault_timespec")
local function now()
  ffi.C.clock_gettime(0, clock) -- CLOCK_REALTIME: the clock the other probes print
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

dofile("bench/mixed.lua") -- the paths, the counting of answers, done()

local mixed_setup, mixed_init, mixed_request, count = setup, init, request, response
local threads_started = 0

function setup(thread)
  mixed_setup(thread)
  threads_started = threads_started + 1
  thread:set("number", threads_started)
end

local log, started, path, unanswered, written

function init(args)
  mixed_init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + number * 7919)
  log = assert(io.open(os.getenv("REQUESTS_LOG") .. "." .. number, "w"))
  unanswered, written = false, 0
end

local function record(latency_us, status, modified)
  log:write(string.format("%.6f\t%d\t%d\t%s\t%s\n", started, latency_us, status, modified, path))
  written = written + 1
  if written % 200 == 0 then log:flush() end
end

function request()
  if unanswered then record(-1, 0, "-") end -- the connection failed before an answer
  local formatted = mixed_request()
  started, path, unanswered = now(), formatted:match("^GET (%S+)"), true
  return formatted
end

function response(status, headers, body)
  unanswered = false
  record(math.floor((now() - started) * 1e6), status, headers["Last-Modified"] or "-")
  count(status, headers, body)
end
