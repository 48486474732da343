extension Sandbox {
    /// Every endpoint the sandbox answers, Dintero's first, then the control API.
    static var routes: [Route] {
        authRoutes + sessionRoutes + merchantPaymentRoutes + transactionRoutes + signatureRoutes
            + fileRoutes + hostedPageRoutes + completionRoutes + controlRoutes + callbackRoutes
    }
}
