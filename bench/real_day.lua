-- A real day's readers for wrk (bench/real_day.py): the requests of the file PATHS names
-- (one path a line, drawn beforehand), each thread going through them from its own place.
-- Counts statuses, how nginx served each page (X-Cache-Status) and, for those it passed on,
-- how the application did (its X-Cache header: hit, miss, stale); prints them as one JSON
-- line in done().

local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", math.floor((counter - 1) * #paths / 4))
  threads[#threads + 1] = thread
end

function init(args)
  next_path = offset
  ok, errors, app_hit, app_miss, app_stale, app_none, nginx_hit, nginx_other = 0, 0, 0, 0, 0, 0, 0, 0
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

local function header(headers, name)
  return headers[name] or headers[string.lower(name)]
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else errors = errors + 1 end
  local proxy = header(headers, "X-Cache-Status")
  if proxy == "HIT" or proxy == "STALE" or proxy == "UPDATING" then
    nginx_hit = nginx_hit + 1
    return  -- nginx's copy, with the header the application gave it then
  elseif proxy then
    nginx_other = nginx_other + 1
  end
  local app = header(headers, "X-Cache")
  if app == "hit" then app_hit = app_hit + 1
  elseif app == "miss" then app_miss = app_miss + 1
  elseif app == "stale" then app_stale = app_stale + 1
  else app_none = app_none + 1 end
end

function done(summary, latency, requests)
  local totals = {ok = 0, errors = 0, app_hit = 0, app_miss = 0, app_stale = 0, app_none = 0,
                  nginx_hit = 0, nginx_other = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local socket = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "ok": %d, "errors": %d, "app_hit": %d, '
    .. '"app_miss": %d, "app_stale": %d, "app_none": %d, "nginx_hit": %d, '
    .. '"nginx_other": %d, "socket_errors": %d, "p50_ms": %.2f, "p90_ms": %.2f, '
    .. '"p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, totals.ok, totals.errors, totals.app_hit,
    totals.app_miss, totals.app_stale, totals.app_none, totals.nginx_hit, totals.nginx_other,
    socket.connect + socket.read + socket.write + socket.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
