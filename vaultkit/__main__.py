from vaultkit.cli.main import main

main()
