"""rcm_clearinghouse: acknowledges 837P files (999/277CA), simulates payer adjudication and returns 835s.

domain/   pure rules: scenario rates, pricing and cost sharing, denial causes, days to pay, simulated clock.
service/  use cases over ports.py: acknowledge a file, adjudicate claims, release and batch remittances.
adapters/ the ports over Mongo and Kafka, the gateways (the payer simulator, an SFTP-style file drop).
entrypoints/ the ClaimSubmitted subscriber and the HTTP routes; app.py wires them.
"""
