-- wrk script: POST one JSON-RPC request, the body from the environment
-- (bench.sh sets BENCH_BODY), with the headers MCP clients send.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
-- The auth-on cases send a bearer token (bench.sh gets it from the
-- stand-in; it never appears on a command line).
local token = os.getenv("BENCH_TOKEN")
if token ~= nil and token ~= "" then
	wrk.headers["Authorization"] = "Bearer " .. token
end
