// The engine: Dintero Checkout with Kravia invoices, callable in-process as request -> response.
