"""rcm_clearinghouse: acknowledges 837P files (999/277CA), simulates payer adjudication and returns 835s.

domain/   pure rules: scenario rates, pricing and cost sharing, denial causes, days to pay, simulated clock.
service/  use cases: acknowledge a file, adjudicate claims, release and batch remittances.
adapters/ ClearinghouseGateway implementations: the payer simulator (default) and an SFTP-style file drop.
"""
