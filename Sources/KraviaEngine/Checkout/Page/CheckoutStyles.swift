/// The hosted checkout's stylesheet, inlined in every page (no external assets): one column on phones from
/// 320 px, the order beside the form from 760 px, touch targets of at least 44 px, AA contrast throughout.
enum CheckoutStyles {
    /// The CSS.
    static let css = """
        *,*::before,*::after{box-sizing:border-box}
        [hidden]{display:none !important}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
        color:#1b1f24;background:#f3f5f8}
        body.ui-inline{background:transparent}
        #kravia-root{max-width:960px;margin:0 auto;padding:16px 16px 8px}
        #kravia-root:not(:has(main[data-state=form])){max-width:640px}
        @media (max-width:399px){#kravia-root{padding:12px 10px 8px}}
        .ui-inline #kravia-root{padding:4px 4px 0}
        .top{display:flex;flex-direction:column;gap:8px;margin-bottom:16px}
        .test-banner{margin:0;padding:8px 12px;border:1px solid #e0b100;border-radius:8px;background:#fff6d6;\
        color:#4d3a00;font-size:.875rem}
        .merchant{margin:0;font-weight:700;font-size:1.125rem;letter-spacing:.01em}
        h1{font-size:1.5rem;line-height:1.25;margin:0 0 16px}
        h2{font-size:1.125rem;margin:0 0 8px}
        h1:focus,h1:focus-visible{outline:none}
        .layout{display:grid;gap:16px}
        @media (min-width:760px){.layout{grid-template-columns:minmax(0,3fr) minmax(0,2fr);align-items:start}\
        .summary{order:2;position:sticky;top:16px}.checkout-form{order:1}}
        .summary,.checkout-form,.panel{background:#fff;border:1px solid #d5dbe3;border-radius:12px;padding:16px 14px}
        @media (min-width:480px){.summary,.checkout-form,.panel{padding:20px 24px}}
        .reference{margin:0 0 8px;color:#4a5563;font-size:.9375rem}
        .lines{list-style:none;margin:0;padding:0}
        .line{display:flex;justify-content:space-between;gap:12px;padding:8px 0;border-bottom:1px solid #e6eaef}
        .line-text{min-width:0;overflow-wrap:anywhere}.line-quantity{color:#4a5563}
        .amount{white-space:nowrap;font-variant-numeric:tabular-nums}
        .total{display:flex;justify-content:space-between;margin:12px 0 0;font-weight:700;font-size:1.125rem}
        .vat{display:flex;justify-content:space-between;margin:4px 0 0;color:#4a5563;font-size:.875rem}
        fieldset{border:0;margin:0 0 20px;padding:0;min-width:0}
        legend{font-weight:700;font-size:1.0625rem;margin-bottom:8px;padding:0}
        .type-card{display:flex;align-items:flex-start;gap:12px;min-height:44px;padding:12px 14px;margin-bottom:8px;\
        border:1px solid #aab4c0;border-radius:10px;background:#fff;cursor:pointer}
        .type-card:has(input:checked){border:2px solid #0b57a4;padding:11px 13px;background:#eef4fb}
        .type-card input{width:22px;height:22px;margin:2px 0 0;flex:none;accent-color:#0b57a4}
        .type-text{display:flex;flex-direction:column;min-width:0;flex:1}
        .type-head{display:flex;justify-content:space-between;align-items:flex-start;gap:8px}
        .type-name{font-weight:600}.type-description{color:#4a5563;font-size:.875rem}
        .badge{flex:none;margin-top:1px;font-size:.75rem;font-weight:700;padding:2px 8px;border-radius:999px;\
        background:#1f3a5f;color:#fff}
        form:not(:has(input[data-business="true"]:checked)) .business{display:none}
        .checkout-form{container-type:inline-size}
        .field{margin-bottom:14px}
        @container (min-width:440px){.person{display:grid;grid-template-columns:1fr 1fr;column-gap:12px}        .person legend,.person .field{grid-column:1/-1}        .person [data-field=first_name],.person [data-field=last_name],.person [data-field=postal_code],        .person [data-field=postal_place]{grid-column:auto}}
        .field label{display:block;font-weight:600;margin-bottom:4px}
        .hint{margin:0 0 4px;color:#4a5563;font-size:.875rem}
        input[type=text],input[type=email],input[type=tel],select{display:block;width:100%;min-height:48px;\
        padding:10px 12px;font:inherit;color:inherit;background:#fff;border:1px solid #6b7684;border-radius:8px}
        input:focus-visible,select:focus-visible,button:focus-visible,a:focus-visible,summary:focus-visible,\
        .error-summary:focus{outline:3px solid #0b57a4;outline-offset:2px}
        input[aria-invalid=true],select[aria-invalid=true]{border:2px solid #b3261e}
        .field-error{margin:0 0 4px;color:#b3261e;font-weight:600;font-size:.9375rem}
        .type-card:has([aria-invalid=true]){border-color:#b3261e}
        .error-summary{border:3px solid #b3261e;border-radius:10px;padding:12px 16px;margin-bottom:20px;background:#fff}
        .error-summary h2{color:#1b1f24}
        .error-summary ul{margin:0;padding-left:20px}
        .error-summary a{color:#b3261e;font-weight:600}
        .actions{display:flex;flex-direction:column;gap:8px;margin-top:8px}
        @media (min-width:480px){.actions{flex-direction:row;flex-wrap:wrap;align-items:center}}
        button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:48px;padding:10px 20px;\
        font:inherit;font-weight:600;border-radius:8px;border:1px solid #0b57a4;background:#fff;color:#0b57a4;\
        cursor:pointer;text-decoration:none}
        button.primary,.button{background:#0b57a4;color:#fff}
        button.primary:hover,.button:hover{background:#084583}
        .link-button{border-color:transparent;background:transparent;color:#0b57a4;text-decoration:underline;padding:10px 8px}
        button[disabled],[inert] button{opacity:.6;cursor:progress}
        .status{margin:8px 0 0;color:#4a5563}.status:empty{display:none}
        .sandbox{margin:0 0 16px;padding:8px 12px;border:1px dashed #8a94a3;border-radius:8px;background:#fafbfc}
        .sandbox summary{min-height:44px;display:flex;align-items:center;cursor:pointer;font-weight:600}
        .facts{margin:0 0 16px;display:grid;gap:8px}
        .facts div{display:flex;justify-content:space-between;gap:12px;padding-bottom:8px;border-bottom:1px solid #e6eaef}
        .facts dt{color:#4a5563}.facts dd{margin:0;font-weight:600;text-align:right}
        .result{text-align:center}
        .result-icon{display:inline-flex;width:48px;height:48px;align-items:center;justify-content:center;\
        border-radius:50%;font-size:1.5rem;font-weight:700;margin-bottom:8px;background:#1d6b3a;color:#fff}
        .result-error .result-icon,.result-cancel .result-icon{background:#8a1c14}
        .returning{color:#4a5563}
        .bottom{margin-top:16px;padding:8px 0;color:#4a5563;font-size:.8125rem;text-align:center}
        .bottom p{margin:0}
        .visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);\
        white-space:nowrap;border:0}
        """
}
