using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FleetPortal.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RolloutEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RolloutEventId",
                table: "Deployments",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RolloutEventId",
                table: "Deployments");
        }
    }
}
