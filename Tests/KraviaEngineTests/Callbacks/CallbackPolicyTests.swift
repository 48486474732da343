import Foundation
@testable import KraviaEngine
import Testing

@Suite struct CallbackRetryPolicyTests {
    @Test(arguments: [(1, 1000), (2, 2000), (3, 4000), (9, 256_000), (10, 300_000), (19, 300_000), (64, 300_000)])
    func backoffDoublesThenLevelsOff(attempt: Int, milliseconds: Int64) {
        #expect(CallbackRetryPolicy().backoff(afterAttempt: attempt) == .milliseconds(milliseconds))
    }

    @Test(arguments: [
        (200, 1, CallbackRetryPolicy.Verdict.delivered), (204, 20, .delivered), (100, 1, .retry), (101, 1, .retry),
        (500, 1, .retry), (503, 19, .retry), (599, 1, .retry), (500, 20, .failed), (404, 1, .failed), (400, 1, .failed),
        (499, 1, .failed), (301, 1, .failed), (302, 1, .failed), (399, 1, .failed),
    ])
    func statusVerdicts(status: Int, attempt: Int, verdict: CallbackRetryPolicy.Verdict) {
        #expect(CallbackRetryPolicy().verdict(status: status, failure: nil, attempt: attempt) == verdict)
    }

    @Test func transportFailuresRetryUnlessPermanent() {
        let policy = CallbackRetryPolicy()
        let timeout = CallbackFailure(reason: "no complete response within 10000 ms", isRetryable: true)
        let scheme = CallbackFailure(reason: "unsupported URL scheme https", isRetryable: false)
        #expect(policy.verdict(status: nil, failure: timeout, attempt: 1) == .retry)
        #expect(policy.verdict(status: nil, failure: timeout, attempt: 20) == .failed)
        #expect(policy.verdict(status: nil, failure: scheme, attempt: 1) == .failed)
    }
}

@Suite struct CallbackOptionsTests {
    @Test(arguments: [
        ("http://h/cb", "GET", false, [String](), 0, false, "session_id"),
        ("http://h/cb?method=POST&includes=session", "POST", false, [], 0, true, "session_id"),
        ("http://h/cb?method=post&report_error=true", "POST", true, [], 0, false, "session_id"),
        (
            "http://h/cb?report_event=CAPTURE&report_event=refund", "GET", false, ["CAPTURE", "REFUND"], 0, false,
            "session_id"
        ),
        ("http://h/cb?delay_callback=120", "GET", false, [], 60, false, "session_id"),
        ("http://h/cb?delay_callback=30&sid_parameter_name=sid", "GET", false, [], 30, false, "sid"),
        ("http://h/cb?delay_callback=-5&report_error=false", "GET", false, [], 0, false, "session_id"),
        ("http://h/cb?delay_callback=soon&method=PUT", "GET", false, [], 0, false, "session_id"),
    ])
    func readsTheMerchantsQuery(
        url: String, method: String, errors: Bool, events: [String], delay: Int, session: Bool, sid: String
    ) {
        let options = CallbackOptions(url: url)
        #expect(options.method == method)
        #expect(options.reportsErrors == errors)
        #expect(options.reportedEvents == events)
        #expect(options.delaySeconds == delay)
        #expect(options.includesSession == session)
        #expect(options.sessionIdParameter == sid)
    }
}
